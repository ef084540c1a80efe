class AyonException(Exception):
    detail = "Error"
    status = 500

    def __init__(self, detail=None, **_):
        if detail is not None:
            self.detail = detail
        super().__init__(self.detail)


class BadRequestException(AyonException):
    detail = "Bad request"
    status = 400


class ForbiddenException(AyonException):
    detail = "Forbidden"
    status = 403


class InvalidSettingsException(AyonException):
    detail = "Invalid settings"
    status = 500
