"""Evaluation harnesses: matching on STIP and corpus/gold, retrieval, planner questions."""
