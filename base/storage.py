"""Storage for files that only signed-in staff may read (agreements, school programmes).

Files here are not under ``MEDIA_URL``: the web server never serves them, and the views that
hand them out check who asks first.
"""

from django.core.files.storage import storages


def private_files():
    return storages["private"]
