"""The page's "Show more" under a list that has more: a small form, so it works without JavaScript too."""
import re

from tests.test_page import send


def _show_more_forms(page):
    return re.findall(r'<button type="submit" name="message" value="Show more"', page)


def test_a_list_with_more_offers_show_more_and_it_numbers_on_from_6(client):
    send(client, "show me tablets", htmx=False)
    page = client.get("/").get_data(as_text=True)
    assert len(_show_more_forms(page)) == 1
    assert 'title="number 5 in the list"' in page and 'title="number 6 in the list"' not in page
    send(client, "Show more", htmx=False)
    page = client.get("/").get_data(as_text=True)
    assert "Here are 6-10 of 60 tablets" in page
    assert all(f'title="number {n} in the list"' in page for n in range(6, 11))
    assert len(_show_more_forms(page)) == 1  # only the latest answer's suggestions are live


def test_a_list_without_more_offers_no_show_more(client):
    send(client, "apple laptops under $1200", htmx=False)
    page = client.get("/").get_data(as_text=True)
    assert "I found" in page and not _show_more_forms(page)
