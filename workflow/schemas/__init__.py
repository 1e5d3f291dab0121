"""The schemas of the config and of curated values, installed as the package ``extract.schemas``
(pyproject.toml maps this folder there; ``extract.resources`` finds it)."""
