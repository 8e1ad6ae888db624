# The admin's changelists of dated records list every row, drafts too, in time order
# (querysets.time_order); the partial indexes of 0020 cover published rows only.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0025_search_record_text_in_russian'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='asylumoutcome',
            index=models.Index(fields=['sort_day', 'sort_rank', 'sequence', 'slug'], name='outcome_time'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['sort_day', 'sort_rank', 'sequence', 'slug'], name='event_time'),
        ),
        migrations.AddIndex(
            model_name='prosecution',
            index=models.Index(fields=['sort_day', 'sort_rank', 'slug'], name='prosecution_time'),
        ),
    ]
