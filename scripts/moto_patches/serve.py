"""Start moto's server with ecsform's patches (ecsform_moto.py), on 127.0.0.1 only.

    python serve.py --port 4566

Equivalent to `moto_server -H 127.0.0.1 -p 4566` plus the patch layer. The host is not
a parameter: the test bed only ever listens on loopback.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ecsform_moto  # noqa: E402
from moto import server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    ecsform_moto.apply()
    server.main(["-H", "127.0.0.1", "-p", str(args.port)])


if __name__ == "__main__":
    main()
