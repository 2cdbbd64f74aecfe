"""Typed response models, one module per resource."""
