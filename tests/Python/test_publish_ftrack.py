import json
import os
import shutil
import unittest
import uuid

import publish_support as ps
from ayon_ftrack import publish_bridge


class PublishToFtrackTests(unittest.TestCase):
    """The real pyblish plugin files (run by the pyblish stub) call the real
    ``ayon-ftrack-desktop publish`` steps against the ftrack emulator."""

    @classmethod
    def setUpClass(cls):
        cls.proxy = ps.Proxy()

    @classmethod
    def tearDownClass(cls):
        cls.proxy.close()

    def setUp(self):
        self.proxy.refuse_uploads = False
        self.show = ps.Show()
        self.root, self.exrs = ps.render_files()
        self.addCleanup(shutil.rmtree, self.root, True)

    def _version(self):
        rows = ps.query(
            'select id, version, comment, task_id, thumbnail_id, asset.name from AssetVersion where asset.context_id is "{}"'.format(self.show.shot_id)
        )
        return rows

    def test_render_publishes_one_version_with_components_review_thumbnail_note_and_status(self):
        context = ps.make_context(self.show)
        version_id = uuid.uuid4().hex
        instance = ps.add_render(context, self.root, self.exrs, version_id=version_id)
        ran, seconds, requests, uploads = ps.publish(context, self.proxy)
        print("\npublish figures (render: 5-frame exr, mp4 review, thumbnail): {:.2f} s, {} ftrack /api requests, {} uploads, {} plugin runs".format(
            seconds, requests, uploads, len(ran)))

        self.assertIn("ftrack", instance.data["families"])
        versions = self._version()
        self.assertEqual(len(versions), 1, versions)
        version = versions[0]
        self.assertEqual(version["version"], 3)
        self.assertEqual(version["asset"]["name"], "renderCompMain")
        self.assertEqual(version["comment"], "first comp")
        self.assertEqual(version["task_id"], self.show.task_id)
        self.assertEqual(instance.data["versionAttributes"]["ftrackId"], version["id"])

        components = {c["name"]: c for c in ps.query(
            'select id, name, file_type, system_type from Component where version_id is "{}"'.format(version["id"]))}
        self.assertEqual(sorted(components), ["exr", "ftrackreview-mp4", "ftrackreview-mp4_src", "thumbnail", "thumbnail_src"])
        self.assertEqual(components["exr"]["system_type"], "sequence")
        members = ps.query('select name, file_type from FileComponent where container_id is "{}"'.format(components["exr"]["id"]))
        self.assertEqual(sorted(m["name"] for m in members), ["1001", "1002", "1003", "1004", "1005"])

        location_names = {row["id"]: row["name"] for row in ps.query("select id, name from Location")}
        locations = {row["component_id"]: row for row in ps.query(
            'select component_id, resource_identifier, location_id from ComponentLocation where component.version_id is "{}"'.format(version["id"]))}
        review = components["ftrackreview-mp4"]
        self.assertEqual(location_names[locations[review["id"]]["location_id"]], "ftrack.server")
        self.assertEqual(location_names[locations[components["thumbnail"]["id"]]["location_id"]], "ftrack.server")
        self.assertEqual(location_names[locations[components["exr"]["id"]]["location_id"]], "ftrack.unmanaged")
        self.assertEqual(locations[components["ftrackreview-mp4_src"]["id"]]["resource_identifier"], os.path.join(self.root, "review.mp4"))
        self.assertIn("%04d.exr [1001-1005]", locations[components["exr"]["id"]]["resource_identifier"])
        with open(os.path.join(self.root, "review.mp4"), "rb") as stream:
            self.assertEqual(ps.download("/component/get?id=" + review["id"]), stream.read())

        meta = {row["key"]: row["value"] for row in ps.query('select key, value from Metadata where parent_id is "{}"'.format(review["id"]))}
        self.assertEqual(json.loads(meta["ftr_meta"]), {"frameIn": 0, "frameOut": 5, "frameRate": 25})

        self.assertEqual(version["thumbnail_id"], components["thumbnail"]["id"])
        with open(os.path.join(self.root, "thumb.jpg"), "rb") as stream:
            self.assertEqual(ps.download("/component/thumbnail?id={}&size=300".format(version["thumbnail_id"])), stream.read())

        ayon_id = ps.query('select value from CustomAttributeValue where entity_id is "{}" and configuration.key is "ayon_id"'.format(version["id"]))
        self.assertEqual([row["value"] for row in ayon_id], [version_id])

        notes = ps.query('select id, content from Note where parent_id is "{}"'.format(version["id"]))
        self.assertEqual(len(notes), 1)
        self.assertTrue(notes[0]["content"].startswith("first comp<br/>"), notes[0]["content"])
        links = ps.query('select label_id from NoteLabelLink where note_id is "{}"'.format(notes[0]["id"]))
        self.assertEqual([link["label_id"] for link in links], [self.show.label_id])

        self.assertEqual(self.show.task_status(), "Pending Review")

        before = self.show.snapshot()
        again = ps.make_context(self.show)
        ps.add_render(again, self.root, self.exrs, version_id=version_id)
        ps.publish(again, self.proxy)
        self.assertEqual(self.show.snapshot(), before)

    def test_farm_publish_sets_the_farm_status(self):
        context = ps.make_context(self.show)
        ps.add_render(context, self.root, self.exrs, farm=True, with_files=False)
        ps.publish(context, self.proxy)
        self.assertEqual(self.show.task_status(), "In progress")
        self.assertEqual(self._version(), [])

    def test_editorial_publish_creates_sequence_shot_and_task_once(self):
        hierarchy = {self.show.name: {"entity_type": "project", "children": {
            "sq02": {"entity_type": "folder", "folder_type": "Sequence", "children": {
                "sh020": {"entity_type": "folder", "folder_type": "Shot", "attributes": {},
                          "tasks": {"edit": {"type": "Editing"}}, "comments": ["cut from edit v1"]},
            }},
        }}}
        context = ps.make_context(self.show, host="traypublisher", folder_path=None, task=None)
        context.data["hierarchyContext"] = hierarchy
        instance = context.create_instance(
            "shotMain", label="shotMain", productName="shotMain", productType="shot", productBaseType="shot",
            family="shot", families=["shot", "clip"], folderPath="/sq02/sh020", task="edit", version=1, representations=[],
        )
        ps.publish(context, self.proxy)
        sequence = ps.query('select id from Sequence where name is "sq02" and project_id is "{}"'.format(self.show.project_id))
        self.assertEqual(len(sequence), 1)
        shot = ps.query('select id from Shot where name is "sh020" and parent_id is "{}"'.format(sequence[0]["id"]))
        self.assertEqual(len(shot), 1)
        task = ps.query('select id, type.name, status.name from Task where parent_id is "{}"'.format(shot[0]["id"]))
        self.assertEqual([(t["type"]["name"], t["status"]["name"]) for t in task], [("Editing", "Ready")])
        self.assertEqual(instance.data["ftrackTask"]["id"], task[0]["id"])
        self.assertEqual([n["content"] for n in ps.query('select content from Note where parent_id is "{}"'.format(shot[0]["id"]))], ["cut from edit v1"])

        before = self.show.snapshot()
        again = ps.make_context(self.show, host="traypublisher", folder_path=None, task=None)
        again.data["hierarchyContext"] = hierarchy
        again.create_instance(
            "shotMain", label="shotMain", productName="shotMain", productType="shot", productBaseType="shot",
            family="shot", families=["shot", "clip"], folderPath="/sq02/sh020", task="edit", version=1, representations=[],
        )
        ps.publish(again, self.proxy)
        self.assertEqual(self.show.snapshot(), before)

    def test_missing_credentials_fail_naming_the_instance_and_the_variable(self):
        context = ps.make_context(self.show)
        ps.add_render(context, self.root, self.exrs)
        with self.assertRaises(publish_bridge.PublishError) as raised:
            ps.publish(context, self.proxy, env={"FTRACK_API_KEY": None})
        self.assertIn("renderCompMain", str(raised.exception))
        self.assertIn("FTRACK_API_KEY", str(raised.exception))
        self.assertEqual(self._version(), [])

    def test_task_missing_in_ftrack_fails_naming_the_instance_and_the_task(self):
        context = ps.make_context(self.show)
        ps.add_render(context, self.root, self.exrs, task="lighting")
        with self.assertRaises(publish_bridge.PublishError) as raised:
            ps.publish(context, self.proxy)
        message = str(raised.exception)
        self.assertIn('instance "renderCompMain"', message)
        self.assertIn('no task "lighting"', message)
        self.assertEqual(self._version(), [])

    def test_refused_upload_fails_and_leaves_a_note_on_the_partial_version(self):
        self.proxy.refuse_uploads = True
        context = ps.make_context(self.show)
        ps.add_render(context, self.root, self.exrs)
        with self.assertRaises(publish_bridge.PublishError) as raised:
            ps.publish(context, self.proxy)
        message = str(raised.exception)
        self.assertIn('instance "renderCompMain"', message)
        self.assertIn("refused the upload", message)
        versions = self._version()
        self.assertEqual(len(versions), 1)
        notes = ps.query('select content from Note where parent_id is "{}"'.format(versions[0]["id"]))
        self.assertTrue(any(n["content"].startswith("Publish did not finish") for n in notes), notes)

        self.proxy.refuse_uploads = False
        retry = ps.make_context(self.show)
        ps.add_render(retry, self.root, self.exrs)
        ps.publish(retry, self.proxy)
        names = sorted(c["name"] for c in ps.query('select name from Component where version_id is "{}"'.format(versions[0]["id"])))
        self.assertIn("ftrackreview-mp4", names)


if __name__ == "__main__":
    unittest.main()


class WebpublisherCredentialsTests(unittest.TestCase):
    def test_uploader_email_becomes_the_ftrack_user_with_that_email(self):
        import ayon_api

        url, user, key = ps.emulator()
        username = "artist." + uuid.uuid4().hex[:6]
        email = username + "@studio.example"
        ps.create("User", {"username": username, "email": email.upper(), "first_name": "A", "last_name": "B"})
        ayon_api.SECRETS.update({"ftrack_user": user, "ftrack_key": key})
        self.addCleanup(ayon_api.SECRETS.clear)
        context = ps.pyblish.api.Context()
        context.data.update({"projectName": "x", "hostName": "webpublisher", "project_settings": {"ftrack": {
            "service_settings": {"username": "ftrack_user", "api_key": "ftrack_key"}}}})
        context.create_instance("upload", user_email=email)
        found = {p.__name__: p for p in ps.pyblish.plugin.discover([ps.PLUGINS_DIR])}
        saved = dict(os.environ)
        os.environ["FTRACK_SERVER"] = url
        try:
            found["CollectWebpublisherCredentials"]().process(context)
            self.assertEqual(os.environ["FTRACK_API_USER"], username)
            self.assertEqual(os.environ["FTRACK_API_KEY"], key)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        self.assertEqual(ayon_api.CONNECTION.usernames[-1:], [None])
