"""Render stage: reportlab fonts, drawings and flowables."""

from reportlab import rl_config

# Our only reportlab drawings are the QR codes we generate ourselves: skip reportlab's
# per-attribute checks on every shape. (Must be set before reportlab.graphics is imported.)
rl_config.shapeChecking = 0
