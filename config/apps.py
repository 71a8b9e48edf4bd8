from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    # static/src holds the npm sources of the editor bundle; only its build output is served.
    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "src", "node_modules"]
