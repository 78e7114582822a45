from django.core.management.base import BaseCommand
from django.utils import timezone

from search import indexing
from search.contract import BackendUnavailable, mirror_backends
from search.models import BankEntry


class Command(BaseCommand):
    help = (
        "Перестраивает поисковый индекс банка ресурсов и поиска по сайту (база данных и, если настроен, Elasticsearch)."
    )

    def handle(self, *args, **options):
        started = timezone.now()
        count = indexing.rebuild()
        if options["verbosity"]:
            resources = BankEntry.objects.filter(in_bank=True).count()
            self.stdout.write(
                self.style.SUCCESS(f"Индекс в базе данных: ресурсов — {resources}, всего страниц сайта — {count}.")
            )
        if not mirror_backends():
            indexing.forget_pending(started)
            return
        try:
            indexing.rebuild_mirrors()
        except BackendUnavailable as error:
            # The site keeps working on the database index; say so instead of failing the deploy.
            self.stderr.write(
                self.style.WARNING(
                    f"Elasticsearch недоступен ({error}): индекс Elasticsearch не перестроен, "
                    "поиск будет работать по базе данных. Повторите команду, когда Elasticsearch заработает."
                )
            )
        else:
            indexing.forget_pending(started)
            if options["verbosity"]:
                self.stdout.write(self.style.SUCCESS("Индекс в Elasticsearch перестроен."))
