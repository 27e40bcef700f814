"""The import's steps as worker tasks (django-tasks): reading, previewing, importing."""

from django_tasks import task

from silah.registry import import_services


@task()
def read_batch_task(batch_id: int) -> None:
    """Find the header row of an uploaded sheet and guess its columns."""
    import_services.run_task_safely(batch_id, import_services.read_batch)


@task()
def preview_batch_task(batch_id: int) -> None:
    """Check every row of a sheet; nothing is imported."""
    import_services.run_task_safely(batch_id, import_services.preview_batch)


@task()
def import_batch_task(batch_id: int) -> None:
    """Import a previewed sheet, as its importer chose (all rows, or the valid ones only)."""
    import_services.run_task_safely(batch_id, import_services.run_import)
