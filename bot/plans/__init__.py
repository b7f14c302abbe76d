"""Personal learning plans: the assessment, the plan builder, its replies and its picture (all pure)."""

from bot.plans.assessment import StepResult, advance, current_prompt, start
from bot.plans.builder import Plan, PlanInputError, Week, build_plan, plan_export
from bot.plans.matching import match_topic
from bot.plans.parsing import Checkin
from bot.plans.render import checkin_reply, current_week, plan_reply
from bot.plans.state import AssessmentState, PlanAnswers, Step

__all__ = [
    "AssessmentState",
    "Checkin",
    "Plan",
    "PlanAnswers",
    "PlanInputError",
    "Step",
    "StepResult",
    "Week",
    "advance",
    "build_plan",
    "checkin_reply",
    "current_prompt",
    "current_week",
    "match_topic",
    "plan_export",
    "plan_reply",
    "start",
]
