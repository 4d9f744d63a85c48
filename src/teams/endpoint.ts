import type { Request, Response } from 'express';
import type { TeamsBot } from './app.js';

/** The HTTP side of the bot: Bot Framework activities in, replies out. Express must parse JSON first. */
export function botRequestHandler(bot: TeamsBot) {
  return async (req: Request, res: Response) => {
    await bot.adapter.process(req, res, async (context) => {
      await bot.app.run(context);
    });
  };
}
