"""Maps the design's top-level folders into the one import package, ``adoption_audit``.

The project layout keeps ``checks/``, ``nlp/`` and ``pipelines/`` at the top of the repository, but
installing them as top-level modules would put generic names such as ``checks`` into site-packages.
Each folder is therefore installed as a sub-package: ``checks/`` is ``adoption_audit.checks``,
``nlp/`` is ``adoption_audit.nlp`` and ``pipelines/`` is ``adoption_audit.pipelines``. Metadata lives
in pyproject.toml; only the package list, which setuptools cannot discover through a mapping, is here.
"""

from setuptools import find_packages, setup

MAPPED_FOLDERS = {
    "checks": "adoption_audit.checks",
    "nlp": "adoption_audit.nlp",
    "pipelines": "adoption_audit.pipelines",
}

packages = find_packages(include=["adoption_audit", "adoption_audit.*"])
package_dir = {"adoption_audit": "adoption_audit"}
for folder, package in MAPPED_FOLDERS.items():
    package_dir[package] = folder
    packages.append(package)
    packages += [f"{package}.{sub}" for sub in find_packages(where=folder)]

setup(
    packages=packages,
    package_dir=package_dir,
    package_data={"": ["*.yaml", "*.yml", "*.json", "*.jsonl", "*.csv", "*.html", "*.j2", "*.sql", "*.cfg",
                       "*.spacy", "models/**/*"]},
    include_package_data=True,
)
