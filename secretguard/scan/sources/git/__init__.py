"""Git sources: commit history (history.py) and the staged diff (staged.py).

Nothing is imported here, so that the pre-commit path (staged.py) pays only for what it uses.
"""
