"""Labelled paragraphs and the command that rebuilds the shipped section classifier from them."""
