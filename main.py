"""Red Flag (识破): run `python main.py --help`.

Start-up creates many objects that live as long as the program (modules, models, fonts) and
little garbage, so the cyclic garbage collector is off until the work is done: for the window,
until after its first frames (`game.ui.run.settle_memory`), for every other command, as soon
as its arguments are read (`game.cli.main`).
"""

import gc
import sys

gc.disable()

from game.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
