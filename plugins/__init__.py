"""Built-in plugins, shipped as the ``confsite_plugins`` package."""
