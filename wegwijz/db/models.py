"""Imports every module that defines tables, so Alembic and tests see them all.

Each feature keeps its tables in its own package (`wegwijz.kennisbank.feedback`,
`wegwijz.journey.models`, ...); add the import here when a feature adds tables.
"""

from wegwijz.channels import models as channel_models  # noqa: F401
from wegwijz.digest import models as digest_models  # noqa: F401
from wegwijz.humanhelp import models as humanhelp_models  # noqa: F401
from wegwijz.journey import models as journey_models  # noqa: F401
from wegwijz.kennisbank import feedback  # noqa: F401
from wegwijz.partners import models as partner_models  # noqa: F401
from wegwijz.portal import models as portal_models  # noqa: F401
from wegwijz.tips import models as tips_models  # noqa: F401
from wegwijz.voice import models as voice_models  # noqa: F401
