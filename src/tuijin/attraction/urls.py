"""URLs of investment attraction, all under /attraction/."""

from django.urls import path

from tuijin.attraction.views import overview

app_name = "attraction"

urlpatterns = [
    path("attraction/", overview.OverviewView.as_view(), name="overview"),
    path("attraction/teams/ranking/", overview.TeamRankingView.as_view(), name="team_ranking"),
]
