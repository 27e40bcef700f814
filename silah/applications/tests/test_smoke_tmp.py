from silah.applications.tests.screens_fixtures import world  # noqa: F401


def test_pages_render(client, world):
    app = world.receive()
    client.force_login(world.officer)
    for url in ["/requests/", "/requests/intake/", f"/requests/intake/?beneficiary={world.beneficiary.pk}",
                f"/requests/intake/?beneficiary={world.beneficiary.pk}&service={world.service.pk}",
                f"/requests/{app.pk}/", f"/requests/beneficiary/{world.beneficiary.pk}/", "/requests/referrals/"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.content.decode()[:3000])
    client.force_login(world.manager)
    for url in ["/requests/?tab=late", "/requests/?tab=committee", "/requests/handover/", "/requests/deliveries/", f"/requests/{app.pk}/", "/"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.content.decode()[:3000])
    app = world.in_research(app)
    client.force_login(world.researcher)
    for url in ["/requests/visits/", f"/requests/{app.pk}/visit/", "/requests/?tab=visits"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.content.decode()[:3000])
