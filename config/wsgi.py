"""The WSGI entry point for the application server (gunicorn).

It defaults to the production settings: a server started without DJANGO_SETTINGS_MODULE must
not come up with DEBUG on, any host allowed and a published secret key. Production settings
refuse to start without SECRET_KEY and ALLOWED_HOSTS from the environment.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
