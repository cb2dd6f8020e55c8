"""Render stage: reportlab fonts, drawings and flowables."""

from reportlab import rl_config

# Our drawings are generated from our own SVGs, not typed by users: skip reportlab's
# per-attribute checks on every shape (about a third of the time spent on icons).
rl_config.shapeChecking = 0
