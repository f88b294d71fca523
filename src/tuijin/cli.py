"""The ``tuijin`` console script: ``manage.py`` with the settings preset.

Every command runs inside an audit context, so writes made from the command line (imports, demo
data, fixes) land in history with the command as their source and reason.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    from django.core.management import execute_from_command_line

    from tuijin.core.audit import audit_context

    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    with audit_context(source=f"command:{command}"[:100], reason=f"命令行 tuijin {command}"):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
