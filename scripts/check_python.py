"""Say in one line whether this interpreter can run the course (run by make before set-up).

Written to run on any Python, even 2.7, so that an unsupported version gets this
message and not a syntax error: no f-strings, no annotations.
Exit status: 0 supported (or newer, with a warning), 1 not supported.
"""

import platform
import sys

SUPPORTED = ((3, 11), (3, 12), (3, 13))  # helpers/versions.py SUPPORTED; a test keeps them equal


def main():
    version = sys.version_info[:2]
    found = "%s %s (%s)" % (platform.python_implementation(), platform.python_version(),
                            sys.executable)
    names = ", ".join("%d.%d" % v for v in SUPPORTED[:-1]) + " and %d.%d" % SUPPORTED[-1]
    if version < SUPPORTED[0]:
        sys.stderr.write("This course runs on CPython %s; found %s. Choose another "
                         "interpreter, e.g. make lab PYTHON=python%d.%d\n"
                         % (names, found, SUPPORTED[-1][0], SUPPORTED[-1][1]))
        return 1
    if version > SUPPORTED[-1] or platform.python_implementation() != "CPython":
        sys.stderr.write("Note: the course is checked on CPython %s; found %s. It should run, "
                         "but some stored outputs may differ from what you see.\n"
                         % (names, found))
    try:
        import ensurepip  # noqa: F401  Debian and Ubuntu ship venv's pip separately
        import venv  # noqa: F401
    except ImportError:
        sys.stderr.write("%s cannot create virtual environments: install your system's venv "
                         "package (Debian/Ubuntu: sudo apt install python%d.%d-venv)\n"
                         % (found, version[0], version[1]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
