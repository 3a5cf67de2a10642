from __future__ import annotations

from django.contrib import admin

admin.site.site_header = "Reverie curation"
admin.site.site_title = "Reverie curation"
admin.site.index_title = "Content"
