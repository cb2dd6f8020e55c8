"""Render stage: reportlab fonts, drawings and flowables."""

from reportlab import rl_config

from handout.render import pdfwrite

# Our only reportlab drawings are the QR codes we generate ourselves: skip reportlab's
# per-attribute checks on every shape. (Must be set before reportlab.graphics is imported.)
rl_config.shapeChecking = 0
# Streams are written binary (Flate alone), as every current PDF writer does: ASCII85 on top
# makes them a quarter bigger and costs time to encode, for transports that are long gone.
rl_config.useA85 = 0
pdfwrite.install()
