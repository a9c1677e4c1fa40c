"""The application wizard: steps derived from a programme's definition, forms for each step,
and a django-formtools storage kept in the Application draft rather than in the session."""
