class Response(object):
    def __init__(self, *, body=None, status=200, reason=None, text=None, headers=None, content_type=None, charset=None):
        self.status = status
        self.text = text
        self.body = body
