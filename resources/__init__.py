"""The workflow's language and field knowledge as data, installed as the package ``extract.data``
(pyproject.toml maps this folder there; ``extract.resources`` finds it)."""
