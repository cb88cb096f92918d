"""Meetings (会议) and rooms: services.meeting.actions holds the register's API."""
