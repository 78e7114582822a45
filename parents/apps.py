from django.apps import AppConfig


class ParentsConfig(AppConfig):
    """The consultation service for parents: its pages, requests, consultants and replies."""

    name = "parents"
    verbose_name = "Консультационная служба для родителей"
