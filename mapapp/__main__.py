"""python -m mapapp: the same as the mapapp console script."""

from .cli import main

main()
