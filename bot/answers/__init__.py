"""Answering questions: understand the question, find the topic, write a short mentor answer."""

from bot.answers.engine import Answer, Answerer, ScoredTopic

__all__ = ["Answer", "Answerer", "ScoredTopic"]
