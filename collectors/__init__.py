"""One package per platform; `kernel.sources` registers each package here that has a ``source.py``.

``extend_path`` makes every ``collectors/`` folder on the Python path part of this package, so a platform
kept outside this repository is registered the same way.
"""

from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)
