"""Whether a page fits the phone's screen, measured once the page and its styles have loaded:
measured earlier, a busy machine reports the unstyled page's width."""


def fits_the_screen(page) -> bool:
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
