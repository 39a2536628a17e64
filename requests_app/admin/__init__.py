# Filled in by their issues.
