import sys

from wegwijz.bench.run import main

sys.exit(main())
