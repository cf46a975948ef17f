"""The navigators' workspace: review queues, verification, relocation, merge, moderation and
public feedback."""
