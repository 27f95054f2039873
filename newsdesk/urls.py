from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Newsdesk editors"
admin.site.site_title = "Newsdesk"
admin.site.index_title = "Events, statements and denials"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
]
