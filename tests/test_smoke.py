def test_home_lists_the_articles_published_people(client, article):
    response = client.get("/")
    assert response.status_code == 200
    for name in ("Alexander", "Mikhail Zhilin", "Maksim Kuzminov"):
        assert name in response.content.decode()
