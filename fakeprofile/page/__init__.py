"""The page for a person checking one invitation, served at ``/`` by ``fakeprofile serve``.

``form`` turns what was typed into a profile record, ``body`` reads the posted form under the API's size
cap, ``words`` says a prediction in plain words, ``render`` writes the HTML, and ``routes`` mounts it all on
the JSON API's app (:func:`mount_page`).
"""

from fakeprofile.page.routes import mount_page

__all__ = ["mount_page"]
