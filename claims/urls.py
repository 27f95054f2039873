from django.urls import path

from claims.opendata import feeds
from claims.web import views
from claims.web.views import public_page

app_name = "claims"
urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.event_list, name="event-list"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("events/<slug:slug>/feed/", public_page(feeds.EventFeed()), name="event-feed"),
    path("events/<slug:slug>/json/", views.event_json, name="event-json"),
    path("events/<slug:slug>/embed/", views.event_embed, name="event-embed"),
    path("events/<slug:slug>/card.png", views.event_card, name="event-card"),
    path("oembed", views.oembed, name="oembed"),
    path("statements.csv", views.statements_csv, name="statements-csv"),
    path("feed/", public_page(feeds.SiteFeed()), name="site-feed"),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
    path("parties/", views.party_list, name="party-list"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("parties/<slug:slug>/feed/", public_page(feeds.PartyFeed()), name="party-feed"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("data/", views.open_data, name="open-data"),
]
