"""Helpers shared by every app, each module named for what it holds. They import Django
and third-party packages only, never an app of ours: the floor below `committee`."""
