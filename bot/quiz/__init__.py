"""Quizzes with spaced repetition: self-check items from the cards, scheduled by FSRS, and weekly streaks."""
