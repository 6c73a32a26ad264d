"""What happens when a workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION)."""


def publish_approved(workflow_state, user=None):
    """Publish the approved revision on behalf of the approver.

    Topic pages are never published directly by the editorial groups (see topics.permissions), so the
    approver's own publish permission is not checked here: completing the workflow is the authorisation.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
