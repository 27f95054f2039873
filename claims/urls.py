from django.urls import path

from . import views

app_name = "claims"
urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.event_list, name="event-list"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
    path("parties/", views.party_list, name="party-list"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("timeline/", views.timeline, name="timeline"),
]
