"""The one body StreamBlock every page type with free content uses.

Keeping a single block set means editors learn it once and every block has one template
under templates/components/streamfield/blocks/.
"""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

BLOCK_TEMPLATES = "components/streamfield/blocks/"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Текст заголовка", max_length=200)
    level = blocks.ChoiceBlock(
        label="Уровень",
        choices=[("h2", "Заголовок 2"), ("h3", "Заголовок 3"), ("h4", "Заголовок 4")],
        default="h2",
        help_text="Уровень 2 — раздел страницы, 3 и 4 — подразделы.",
    )

    class Meta:
        icon = "title"
        label = "Заголовок"
        template = BLOCK_TEMPLATES + "heading_block.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label="Изображение", help_text="Добавьте описание для незрячих пользователей.")
    caption = blocks.CharBlock(label="Подпись", required=False, max_length=300)

    class Meta:
        icon = "image"
        label = "Изображение"
        template = BLOCK_TEMPLATES + "figure_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Документ")
    title = blocks.CharBlock(
        label="Текст ссылки", required=False, help_text="Если пусто, используется название документа."
    )

    class Meta:
        icon = "doc-full"
        label = "Документ"
        template = BLOCK_TEMPLATES + "document_link_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Цитата")
    attribution = blocks.CharBlock(label="Автор", required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = "Цитата"
        template = BLOCK_TEMPLATES + "quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Заголовок", max_length=200)
    text = blocks.TextBlock(label="Текст", required=False)
    button_text = blocks.CharBlock(label="Текст кнопки", max_length=60)
    page = blocks.PageChooserBlock(label="Страница", required=False)
    url = blocks.URLBlock(label="Или внешняя ссылка", required=False)

    class Meta:
        icon = "pick"
        label = "Призыв к действию"
        template = BLOCK_TEMPLATES + "call_to_action_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="Текст",
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
        template=BLOCK_TEMPLATES + "paragraph_block.html",
    )
    image = FigureBlock()
    document = DocumentLinkBlock()
    embed = EmbedBlock(
        label="Видео или встраиваемый материал",
        icon="media",
        help_text="Ссылка на видео (например, VK Видео или RUTUBE).",
        template=BLOCK_TEMPLATES + "embed_block.html",
    )
    quote = QuoteBlock()
    table = TableBlock(label="Таблица", template=BLOCK_TEMPLATES + "table_block.html")
    call_to_action = CallToActionBlock()
