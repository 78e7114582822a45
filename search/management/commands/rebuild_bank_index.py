from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Перестраивает поисковый индекс банка ресурсов (база данных и, если настроен, Elasticsearch)."

    def handle(self, *args, **options):
        count = indexing.rebuild()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Индекс банка в базе данных: ресурсов — {count}."))
        if not indexing.elasticsearch_configured():
            return
        from search.backends.elastic import ElasticsearchUnavailable

        try:
            indexing.rebuild_elasticsearch()
        except ElasticsearchUnavailable as error:
            # The site keeps working on the database index; say so instead of failing the deploy.
            self.stderr.write(
                self.style.WARNING(
                    f"Elasticsearch недоступен ({error.__class__.__name__}): индекс Elasticsearch не перестроен, "
                    "поиск будет работать по базе данных. Повторите команду, когда Elasticsearch заработает."
                )
            )
        else:
            if options["verbosity"]:
                self.stdout.write(self.style.SUCCESS("Индекс банка в Elasticsearch перестроен."))
