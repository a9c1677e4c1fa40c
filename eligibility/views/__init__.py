"""Public views of the eligibility app: the "Find support" screener."""

from eligibility.views.screener import next_question, question, restart, results, start

__all__ = ["next_question", "question", "restart", "results", "start"]
