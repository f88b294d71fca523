"""The attraction overview (city or district) and the team ranking."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class OverviewView(LoginRequiredMixin, TemplateView):
    template_name = "attraction/overview.html"


class TeamRankingView(LoginRequiredMixin, TemplateView):
    template_name = "attraction/team_ranking.html"
