"""What pyproject.toml cannot say: the wheel carries the page templates.

They stay at the top of the repository (`templates/`, where they have always been edited); building
copies them into the package as `a11y/templates/`, where an installed a11y finds them
(a11y.settings). Everything else about the package is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TEMPLATES = Path(__file__).resolve().parent / "templates"


class BuildWithTemplates(build_py):
    def run(self) -> None:
        super().run()
        shutil.copytree(TEMPLATES, Path(self.build_lib) / "a11y" / "templates", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithTemplates})
