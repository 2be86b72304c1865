def test_login_page_is_dutch(client, db):
    response = client.get("/account/inloggen/")
    assert response.status_code == 200
    assert "Inloggen bij Vertrouwd" in response.content.decode()
