import sys

from rcp_desktop.cli import main

sys.exit(main())
